import type { JSX } from 'solid-js';
import { t } from '../../i18n/i18n';

/** A client's rating of the work, 1–5 (R-ORD-10): filled and empty stars, named for screen readers. */
export function RatingStars(props: { rating: number }): JSX.Element {
  return (
    <span role="img" aria-label={t('orders.ratingOf', { rating: props.rating })}>
      {'★'.repeat(props.rating)}
      {'☆'.repeat(Math.max(0, 5 - props.rating))}
    </span>
  );
}
