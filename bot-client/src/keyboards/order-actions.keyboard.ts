import { InlineKeyboard } from 'grammy';
import { callbacks } from '../bot/callback-data.js';
import type { Viewer } from '../bot/context.js';
import type { OrderCardFieldsFragment } from '../generated/graphql.js';
import type { Translate } from '../i18n/i18n.js';

/** What the viewer can do with an order from its card, by role and status; `back` on menu cards only. */
export function orderActionsKeyboard(
  t: Translate,
  viewer: Viewer,
  order: OrderCardFieldsFragment,
  back = true,
): InlineKeyboard {
  const k = new InlineKeyboard();
  const orderId = order.id;
  switch (viewer.role) {
    case 'CLIENT':
      if (order.status === 'NEW') k.text(t('button-cancel-order'), callbacks.cancelOrder.encode({ orderId })).row();
      if (order.status === 'IN_PROGRESS') k.text(t('button-write'), callbacks.write.encode({ orderId })).row();
      if (order.status === 'DONE' && !order.rating && order.author.id === viewer.id) {
        k.text(t('button-rate'), callbacks.rate.encode({ orderId, stars: 0 })).row();
      }
      break;
    case 'CONTRACTOR':
      if (order.status === 'NEW') k.text(t('button-take'), callbacks.take.encode({ orderId })).row();
      if (order.status === 'IN_PROGRESS' && order.contractor?.id === viewer.id) {
        if (order.hasCredentials) k.text(t('button-credentials'), callbacks.credentials.encode({ orderId })).row();
        k.text(t('button-write'), callbacks.write.encode({ orderId })).row();
        k.text(t('button-close'), callbacks.close.encode({ orderId }));
        k.text(t('button-release'), callbacks.release.encode({ orderId })).row();
      }
      break;
    case 'MANAGER':
    case 'OWNER':
      if (order.status === 'NEW') k.text(t('button-assign'), callbacks.assignList.encode({ orderId })).row();
      if (order.status === 'IN_PROGRESS') k.text(t('button-unassign'), callbacks.unassign.encode({ orderId })).row();
      if (order.status === 'NEW' || order.status === 'IN_PROGRESS') {
        k.text(t('button-cancel-order'), callbacks.staffCancel.encode({ orderId })).row();
      }
      break;
  }
  return back ? k.text(t('menu-back'), callbacks.menu.encode({ screen: 'main' })) : k;
}
