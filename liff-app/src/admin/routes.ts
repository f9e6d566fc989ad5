// The admin console's routes under /admin: every page is its own lazy chunk, none is reachable from the card.

import type { RouteRecordRaw } from 'vue-router'

export const adminRoute: RouteRecordRaw = {
  path: '/admin',
  component: () => import('./AdminLayout.vue'),
  children: [
    { path: '', name: 'admin-dashboard', component: () => import('./dashboard/DashboardPage.vue') },
    { path: 'members', name: 'admin-members', component: () => import('./members/MembersPage.vue') },
    {
      path: 'members/:id',
      name: 'admin-member',
      component: () => import('./members/MemberDetailPage.vue'),
      props: true,
    },
    { path: 'bookings', name: 'admin-bookings', component: () => import('./bookings/ReservationsPage.vue') },
    // Where a stale duplicate page used to be: old links and bookmarks land on the reservations page.
    { path: 'reservations', redirect: { name: 'admin-bookings' } },
    { path: 'campaigns', name: 'admin-campaigns', component: () => import('./campaigns/CampaignsPage.vue') },
    {
      path: 'campaigns/new',
      name: 'admin-campaign-new',
      component: () => import('./campaigns/CampaignEditorPage.vue'),
    },
    {
      path: 'campaigns/:id',
      name: 'admin-campaign',
      component: () => import('./campaigns/CampaignEditorPage.vue'),
      props: true,
    },
    { path: 'fields', name: 'admin-fields', component: () => import('./fields/FieldsPage.vue') },
    { path: 'coupons', name: 'admin-coupons', component: () => import('./coupons/CouponsAdminPage.vue') },
    { path: 'templates', name: 'admin-templates', component: () => import('./templates/TriggerTemplatesPage.vue') },
    { path: 'automation', name: 'admin-automation', component: () => import('./automation/AutomationPage.vue') },
    { path: 'scenarios', name: 'admin-scenarios', component: () => import('./scenarios/ScenariosPage.vue') },
    {
      path: 'scenarios/new',
      name: 'admin-scenario-new',
      component: () => import('./scenarios/ScenarioEditorPage.vue'),
    },
    {
      path: 'scenarios/:id',
      name: 'admin-scenario',
      component: () => import('./scenarios/ScenarioEditorPage.vue'),
      props: true,
    },
    { path: 'reports', name: 'admin-reports', component: () => import('./reports/ReportsPage.vue') },
    { path: 'stores', name: 'admin-stores', component: () => import('./stores/StoresStaffPage.vue') },
    { path: 'settings', name: 'admin-settings', component: () => import('./settings/SettingsPage.vue') },
    { path: 'legal', name: 'admin-legal', component: () => import('./legal/LegalPage.vue') },
    { path: 'audit', name: 'admin-audit', component: () => import('./audit/AuditPage.vue') },
    { path: 'webhooks', name: 'admin-webhooks', component: () => import('./webhooks/WebhookEventsPage.vue') },
    {
      path: 'integrations',
      name: 'admin-integrations',
      component: () => import('./integrations/IntegrationsPage.vue'),
    },
  ],
}
