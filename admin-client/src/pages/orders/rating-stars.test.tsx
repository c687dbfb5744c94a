import { render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../i18n/i18n';
import { RatingStars } from './rating-stars';

afterEach(() => setLang('ru'));

describe('a client’s rating (R-ORD-10)', () => {
  it('shows how many of five stars, also to a screen reader', () => {
    render(() => <RatingStars rating={4} />);
    const stars = screen.getByRole('img', { name: 'Оценка 4 из 5' });
    expect(stars.textContent).toBe('★★★★☆');
  });

  it('reads in English too', () => {
    setLang('en');
    render(() => <RatingStars rating={2} />);
    expect(screen.getByRole('img', { name: 'Rated 2 of 5' }).textContent).toBe('★★☆☆☆');
  });
});
