import { Route, Router, useLocation, useNavigate, type RouteSectionProps } from '@solidjs/router';
import { Provider } from '@urql/solid';
import { lazy, type JSX } from 'solid-js';
import { createApiClient } from './client/api-client';
import { clearEntry } from './session/session';
import { SignInPage } from './session/sign-in.page';
import { Shell } from './layout/shell';
import { ownerOnly } from './layout/owner-only';

const DashboardPage = lazy(() => import('./pages/dashboard/dashboard.page'));
const OrdersPage = lazy(() => import('./pages/orders/orders.page'));
const OrderDetailPage = lazy(() => import('./pages/orders/order-detail.page'));
const AccountsPage = lazy(() => import('./pages/accounts/accounts.page'));
const UsersPage = lazy(() => import('./pages/users/users.page'));
const ContractorsPage = lazy(() => import('./pages/contractors/contractors.page'));
const TariffsPage = lazy(() => import('./pages/tariffs/tariffs.page'));
const SettingsPage = lazy(() => import('./pages/settings/settings.page'));
const BillingPage = lazy(() => import('./pages/billing/billing.page'));
const ReportsPage = lazy(() => import('./pages/reports/reports.page'));
const ApiKeysPage = lazy(() => import('./pages/api-keys/api-keys.page'));
const NotificationsPage = lazy(() => import('./pages/notifications/notifications.page'));
const AuditLogPage = lazy(() => import('./pages/audit-log/audit-log.page'));
const CategoriesPage = lazy(() => import('./pages/categories/categories.page'));
const MyAccountPage = lazy(() => import('./pages/my-account/my-account.page'));

/** Router root: owns the API client, so an expired session can send the user to sign-in from anywhere. */
function Root(props: RouteSectionProps): JSX.Element {
  const navigate = useNavigate();
  const location = useLocation();
  const api = createApiClient({
    onUnauthenticated() {
      if (location.pathname === '/login') return;
      clearEntry();
      api.resetSocket();
      navigate(`/login?expired=1&next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
    },
  });
  return (
    <Provider value={api.client}>
      <div class="app">{props.children}</div>
    </Provider>
  );
}

/** The admin panel: sign-in, then every page inside the navigation shell. */
export function App(): JSX.Element {
  return (
    <Router root={Root}>
      <Route path="/login" component={SignInPage} />
      <Route path="/" component={Shell}>
        <Route path="/" component={DashboardPage} />
        <Route path="/orders" component={OrdersPage} />
        <Route path="/orders/:id" component={OrderDetailPage} />
        <Route path="/accounts" component={AccountsPage} />
        <Route path="/users" component={UsersPage} />
        <Route path="/contractors" component={ContractorsPage} />
        <Route path="/tariffs" component={TariffsPage} />
        <Route path="/settings" component={SettingsPage} />
        <Route path="/billing" component={BillingPage} />
        <Route path="/reports" component={ReportsPage} />
        <Route path="/api-keys" component={ownerOnly(ApiKeysPage)} />
        <Route path="/notifications" component={NotificationsPage} />
        <Route path="/audit-log" component={ownerOnly(AuditLogPage)} />
        <Route path="/categories" component={ownerOnly(CategoriesPage)} />
        <Route path="/my-account" component={MyAccountPage} />
      </Route>
    </Router>
  );
}
