import { fireEvent, render, screen } from '@solidjs/testing-library';
import { describe, expect, it, vi } from 'vitest';
import { OfflineApi } from '../../../test/support/offline-client';
import { PasswordForm } from './password-form';

describe('setting one’s own password', () => {
  it('asks for the current password only once one is set', () => {
    const { unmount } = render(() => (
      <OfflineApi>
        <PasswordForm hasPassword={false} onSaved={vi.fn()} />
      </OfflineApi>
    ));
    expect(screen.queryByLabelText('Текущий пароль')).toBeNull();
    expect(screen.getByRole('button', { name: 'Задать пароль' })).toBeTruthy();
    unmount();
    render(() => (
      <OfflineApi>
        <PasswordForm hasPassword onSaved={vi.fn()} />
      </OfflineApi>
    ));
    expect(screen.getByLabelText('Текущий пароль')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Сменить пароль' })).toBeTruthy();
  });

  it('refuses two different new passwords without asking the server', () => {
    const onSaved = vi.fn();
    render(() => (
      <OfflineApi>
        <PasswordForm hasPassword={false} onSaved={onSaved} />
      </OfflineApi>
    ));
    fireEvent.input(screen.getByLabelText(/^Новый пароль(?! ещё раз)/), { target: { value: 'correct horse 1' } });
    fireEvent.input(screen.getByLabelText('Новый пароль ещё раз'), { target: { value: 'correct horse 2' } });
    fireEvent.submit(screen.getByRole('form'));
    expect(screen.getByRole('alert').textContent).toBe('Пароли не совпадают.');
    expect(onSaved).not.toHaveBeenCalled();
  });
});
