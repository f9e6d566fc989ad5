// The admin console's routes under /admin: every page is its own lazy chunk, none is reachable from the card.

import type { RouteRecordRaw } from 'vue-router'

export const adminRoute: RouteRecordRaw = {
  path: '/admin',
  component: () => import('./AdminLayout.vue'),
  children: [
    { path: '', name: 'admin-dashboard', component: () => import('./pages/DashboardPage.vue') },
    { path: 'members', name: 'admin-members', component: () => import('./pages/MembersPage.vue') },
    { path: 'members/:id', name: 'admin-member', component: () => import('./pages/MemberDetailPage.vue'), props: true },
    { path: 'bookings', name: 'admin-bookings', component: () => import('./pages/ReservationsPage.vue') },
    // Where a stale duplicate page used to be: old links and bookmarks land on the reservations page.
    { path: 'reservations', redirect: { name: 'admin-bookings' } },
    { path: 'campaigns', name: 'admin-campaigns', component: () => import('./pages/CampaignsPage.vue') },
    { path: 'campaigns/new', name: 'admin-campaign-new', component: () => import('./pages/CampaignEditorPage.vue') },
    {
      path: 'campaigns/:id',
      name: 'admin-campaign',
      component: () => import('./pages/CampaignEditorPage.vue'),
      props: true,
    },
    { path: 'coupons', name: 'admin-coupons', component: () => import('./coupons/CouponsAdminPage.vue') },
    { path: 'stores', name: 'admin-stores', component: () => import('./pages/StoresStaffPage.vue') },
    { path: 'settings', name: 'admin-settings', component: () => import('./pages/SettingsPage.vue') },
    { path: 'legal', name: 'admin-legal', component: () => import('./pages/LegalPage.vue') },
    { path: 'audit', name: 'admin-audit', component: () => import('./pages/AuditPage.vue') },
    { path: 'webhooks', name: 'admin-webhooks', component: () => import('./pages/WebhookEventsPage.vue') },
  ],
}
