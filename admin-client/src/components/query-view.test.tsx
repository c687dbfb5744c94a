import { render, screen } from '@solidjs/testing-library';
import { CombinedError } from '@urql/core';
import { createStore } from 'solid-js/store';
import { describe, expect, it, vi } from 'vitest';
import { QueryView, type QueryLike } from './query-view';

describe('loading, empty and error states', () => {
  it('shows loading, then the data, updating in place when the data changes', () => {
    const [state, setState] = createStore<QueryLike<{ items: string[] }>>({ fetching: true });
    render(() => (
      <QueryView state={state} isEmpty={(d) => d.items.length === 0}>
        {(d) => <p>{d().items.join(',')}</p>}
      </QueryView>
    ));
    expect(screen.getByRole('status').textContent).toBe('Загрузка…');
    setState({ fetching: false, data: { items: ['a'] } });
    expect(screen.getByText('a')).toBeTruthy();
    setState('data', { items: [] });
    expect(screen.getByText('Пока ничего нет.')).toBeTruthy();
  });

  it('shows the server’s error message with a retry button', () => {
    const retry = vi.fn();
    const error = new CombinedError({ graphQLErrors: [{ message: 'Only owners may do this' }] });
    render(() => (
      <QueryView state={{ fetching: false, error }} retry={retry}>
        {() => <p>never</p>}
      </QueryView>
    ));
    expect(screen.getByRole('alert').textContent).toContain('Only owners may do this');
    screen.getByRole('button', { name: 'Повторить' }).click();
    expect(retry).toHaveBeenCalledOnce();
  });
});
