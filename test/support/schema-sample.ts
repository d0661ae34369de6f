type Schema = {
  type?: string;
  example?: unknown;
  enum?: unknown[];
  minimum?: number;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  $ref?: string;
};

/**
 * A value for an OpenAPI schema the way Swagger UI's "Try it out" fills a request in: the
 * schema's example where it has one, else the first enum value, else a value of its type (the
 * minimum for numbers), every property of an object, one item of an array, the first alternative
 * of `anyOf`/`oneOf`.
 */
export function sampleOf(schema: Schema, components: Record<string, Schema> = {}): unknown {
  if (schema.$ref) return sampleOf(components[schema.$ref.replace('#/components/schemas/', '')] ?? {}, components);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  const alternative = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (alternative) return sampleOf(alternative, components);
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return schema.minimum ?? 0;
    case 'boolean':
      return true;
    case 'array':
      return schema.items ? [sampleOf(schema.items, components)] : [];
    default:
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, property]) => [name, sampleOf(property, components)]));
  }
}
