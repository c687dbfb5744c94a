import { A } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { createEffect, For, on, type JSX } from 'solid-js';
import { DashboardDocument, type OrderRowFragment } from '../../generated/graphql';
import { createLiveOrderEvents } from '../../client/live-order-events';
import { formatDate, formatDayMonth, formatLastDay, t, type MessageKey } from '../../i18n/i18n';
import { ChartView } from '../../components/chart-view';
import { Empty, QueryView } from '../../components/query-view';
import { OrdersTable } from '../orders/order-row';

const DAYS = 14;

/** The orders page showing the same set as a dashboard table, in the same order. */
const AT_RISK_LINK = '/orders?atRisk=1&sort=DUE_SOONEST';
const BREACHED_LINK = '/orders?status=NEW%2CIN_PROGRESS&breached=1&sort=DUE_SOONEST';

/** One of the dashboard's order tables: the first rows of a server list, how many there are, and a link to all. */
function OrderListPart(props: {
  id: string;
  title: MessageKey;
  hint: MessageKey;
  list: { totalCount: number; nodes: OrderRowFragment[] };
  href: string;
}): JSX.Element {
  return (
    <div data-orders={props.id}>
      <h2>{t(props.title)}</h2>
      <p class="hint">
        {t(props.hint)} <span data-total>{t('common.total', { count: props.list.totalCount })}</span>
        {props.list.totalCount > props.list.nodes.length ? (
          <>
            {' '}
            <A href={props.href}>{t('dashboard.showAll', { count: props.list.totalCount })}</A>
          </>
        ) : null}
      </p>
      {props.list.nodes.length ? <OrdersTable orders={props.list.nodes} /> : <Empty />}
    </div>
  );
}

/** Live counters, at-risk and breached orders, orders per day and the SLA share of this billing period. */
export default function DashboardPage(): JSX.Element {
  const [data, refetch] = createQuery({ query: DashboardDocument, variables: { days: DAYS } });
  const live = createLiveOrderEvents();
  const reload = () => refetch({ requestPolicy: 'network-only' });
  createEffect(
    on(
      () => live.data?.orderEvents.cursor,
      (cursor) => cursor && reload(),
    ),
  );

  return (
    <section>
      <h1>{t('dashboard.title')}</h1>
      <QueryView state={data} retry={reload}>
        {(d) => {
          const dash = () => d().dashboard;
          const counters = (): Array<[MessageKey, number, string]> => [
            ['dashboard.new', dash().newOrders, 'new'],
            ['dashboard.inProgress', dash().inProgress, 'in-progress'],
            ['dashboard.atRisk', dash().atRisk, 'at-risk'],
            ['dashboard.breached', dash().breachedOpen, 'breached'],
            ['dashboard.createdToday', dash().createdToday, 'created-today'],
            ['dashboard.doneToday', dash().doneToday, 'done-today'],
          ];
          return (
            <>
              <ul class="counters">
                <For each={counters()}>
                  {([key, value, id]) => (
                    <li class="counter" classList={{ danger: id === 'breached' && value > 0 }} data-counter={id}>
                      <span class="value">{value}</span>
                      <span>{t(key)}</span>
                    </li>
                  )}
                </For>
              </ul>
              <div class="charts">
                <figure class="card">
                  <figcaption>{t('dashboard.perDay')}</figcaption>
                  <ChartView
                    type="bar"
                    counts
                    label={t('dashboard.perDay')}
                    data={{
                      labels: dash().days.map((p) => formatDayMonth(p.day)),
                      datasets: [
                        {
                          label: t('dashboard.created'),
                          data: dash().days.map((p) => p.created),
                          backgroundColor: '#2f6fde',
                        },
                        {
                          label: t('dashboard.done'),
                          data: dash().days.map((p) => p.done),
                          backgroundColor: '#2e9d5b',
                        },
                      ],
                    }}
                  />
                </figure>
                <figure class="card">
                  <figcaption>
                    {t('dashboard.slaShare')} ({formatDate(dash().periodStart)} – {formatLastDay(dash().periodEnd)})
                  </figcaption>
                  <ChartView
                    type="bar"
                    counts
                    label={t('dashboard.slaShare')}
                    data={{
                      labels: [t('dashboard.taken'), t('dashboard.doneLabel')],
                      datasets: [
                        {
                          label: t('dashboard.onTime'),
                          data: [dash().sla.takenInTime, dash().sla.doneInTime],
                          backgroundColor: '#2e9d5b',
                        },
                        {
                          label: t('dashboard.late'),
                          data: [dash().sla.takenLate, dash().sla.doneLate],
                          backgroundColor: '#d64545',
                        },
                      ],
                    }}
                  />
                </figure>
              </div>
              <OrderListPart
                id="at-risk"
                title="dashboard.atRisk"
                hint="dashboard.atRiskHint"
                list={d().atRiskOrders}
                href={AT_RISK_LINK}
              />
              <OrderListPart
                id="breached"
                title="dashboard.breachedOrders"
                hint="dashboard.breachedHint"
                list={d().breached}
                href={BREACHED_LINK}
              />
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
