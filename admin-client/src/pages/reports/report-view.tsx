import { createSignal, Show, type JSX } from 'solid-js';
import { t } from '../../i18n/i18n';
import { ChartView } from '../../components/chart-view';
import { Empty } from '../../components/query-view';
import { download, tableToCsv, tableToXlsx } from '../../components/table-export';
import type { ReportTable } from './report-tables';
import { DataTable } from '../../components/data-table';

const COLORS = ['#2f6fde', '#2e9d5b', '#d64545', '#e0a030'];

/** A report's chart, its table, and XLSX/CSV downloads of that table's figures (unformatted, for spreadsheets). */
export function ReportView(props: { table: ReportTable; fileName: string; title: string }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const exportXlsx = async () => {
    setBusy(true);
    try {
      download(await tableToXlsx(props.table), `${props.fileName}.xlsx`);
    } finally {
      setBusy(false);
    }
  };
  const exportCsv = () =>
    download(new Blob([tableToCsv(props.table)], { type: 'text/csv;charset=utf-8' }), `${props.fileName}.csv`);
  return (
    <Show when={props.table.rows.length} fallback={<Empty />}>
      <div class="buttons">
        <button type="button" disabled={busy()} onClick={() => void exportXlsx()}>
          {t('reports.exportXlsx')}
        </button>
        <button type="button" onClick={exportCsv}>
          {t('reports.exportCsv')}
        </button>
      </div>
      <Show when={props.table.chart.labels.length}>
        <figure class="card">
          <ChartView
            type="bar"
            label={props.title}
            counts={props.table.chart.counts}
            percent={props.table.chart.percent}
            data={{
              labels: props.table.chart.labels,
              datasets: props.table.chart.series.map((s, i) => ({
                label: s.label,
                data: s.values,
                backgroundColor: COLORS[i % COLORS.length],
              })),
            }}
          />
        </figure>
      </Show>
      <DataTable
        class="report-table"
        rows={props.table.shown}
        columns={props.table.columns.map((label, i) => ({ label, cell: (row: string[]) => row[i] }))}
      />
    </Show>
  );
}
