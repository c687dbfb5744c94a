import { createQuery } from '@urql/solid';
import { createEffect, For, on, type JSX } from 'solid-js';
import { DashboardDocument } from '../../generated/graphql';
import { createLiveOrderEvents } from '../../client/live-order-events';
import { formatDate, formatDayMonth, formatLastDay, t, type MessageKey } from '../../i18n/i18n';
import { ChartView } from '../../components/chart-view';
import { Empty, QueryView } from '../../components/query-view';
import { OrdersTable } from '../orders/order-row';
import { atRisk } from './dashboard-stats';

const DAYS = 14;

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
              <h2>{t('dashboard.atRisk')}</h2>
              <p class="hint">{t('dashboard.atRiskHint')}</p>
              {d().open.nodes.length ? <OrdersTable orders={atRisk(d().open.nodes)} /> : <Empty />}
              <h2>{t('dashboard.breachedOrders')}</h2>
              {d().breached.nodes.length ? <OrdersTable orders={d().breached.nodes} /> : <Empty />}
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
