/** Largest image the playground attaches; the gateway's body limit (10 MiB by default) must hold it as base64. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** An uploaded image as a data URL (`image_url` parts carry them), or an error a person can read. */
export function readImage(file: File): Promise<string> {
  if (!file.type.startsWith('image/')) return Promise.reject(new Error(`${file.name} is not an image.`));
  if (file.size > MAX_IMAGE_BYTES) return Promise.reject(new Error(`${file.name} is larger than 5 MiB.`));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => (typeof reader.result === 'string' ? resolve(reader.result) : reject(new Error(`${file.name} could not be read.`)));
    reader.onerror = () => reject(new Error(`${file.name} could not be read.`));
    reader.readAsDataURL(file);
  });
}
