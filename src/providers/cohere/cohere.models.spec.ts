import { fromCohereModelPage } from './cohere.models.js';

describe('fromCohereModelPage', () => {
  it('keeps chat models that are not deprecated, named by `name`, and the next page token', () => {
    const page = fromCohereModelPage({
      models: [
        { name: 'command-a-03-2025', endpoints: ['chat', 'generate'], is_deprecated: false, context_length: 256000 },
        { name: 'command-r-03-2024', endpoints: ['chat'], is_deprecated: true },
        { name: 'embed-v4.0', endpoints: ['embed'] },
        { name: 'command-r7b-12-2024' },
      ],
      next_page_token: 'page-2',
    });
    expect(page).toEqual({
      models: [
        { id: 'command-a-03-2025', created: 0, owned_by: 'cohere' },
        { id: 'command-r7b-12-2024', created: 0, owned_by: 'cohere' },
      ],
      nextPageToken: 'page-2',
    });
  });

  it('ends on a null page token and refuses a body without models', () => {
    expect(fromCohereModelPage({ models: [], next_page_token: null })).toEqual({ models: [] });
    expect(() => fromCohereModelPage({ message: 'x' })).toThrow('models');
  });
});
