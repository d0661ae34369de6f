import { fromAnthropicModelPage } from './anthropic.models.js';

describe('fromAnthropicModelPage', () => {
  it('reads ids and creation times, and the after_id of the next page while has_more', () => {
    const page = fromAnthropicModelPage({
      data: [
        { type: 'model', id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' },
        { type: 'model', id: 'claude-haiku-4-5', display_name: 'Claude Haiku 4.5', created_at: 'not a date' },
      ],
      has_more: true,
      first_id: 'claude-sonnet-4-5-20250929',
      last_id: 'claude-haiku-4-5',
    });
    expect(page).toEqual({
      models: [
        { id: 'claude-sonnet-4-5-20250929', created: 1759104000, owned_by: 'anthropic' },
        { id: 'claude-haiku-4-5', created: 0, owned_by: 'anthropic' },
      ],
      nextAfterId: 'claude-haiku-4-5',
    });
  });

  it('stops when has_more is false, and refuses a body without data', () => {
    expect(fromAnthropicModelPage({ data: [], has_more: false, first_id: null, last_id: null })).toEqual({ models: [] });
    expect(() => fromAnthropicModelPage({ error: 'x' })).toThrow('data');
  });
});
