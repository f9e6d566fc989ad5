// Routes: the card is in the entry bundle (it is what customers open); every other page is a lazy chunk.

import { createRouter, createWebHistory } from 'vue-router'
import { adminRoute } from './admin/routes'
import CardPage from './card/CardPage.vue'

export function createAppRouter() {
  return createRouter({
    history: createWebHistory(import.meta.env.BASE_URL),
    routes: [
      { path: '/', name: 'card', component: CardPage },
      { path: '/staff', name: 'staff', component: () => import('./staff/StaffPage.vue') },
      { path: '/staff/join', name: 'staff-join', component: () => import('./staff/StaffJoinPage.vue') },
      { path: '/register', name: 'register', component: () => import('./membership/RegisterPage.vue') },
      { path: '/link', name: 'link', component: () => import('./membership/LinkPage.vue') },
      { path: '/account-link', name: 'account-link', component: () => import('./membership/AccountLinkPage.vue') },
      { path: '/settings', name: 'settings', component: () => import('./settings/SettingsPage.vue') },
      { path: '/settings/profile', name: 'profile', component: () => import('./settings/ProfilePage.vue') },
      { path: '/about', name: 'about', component: () => import('./settings/AboutPage.vue') },
      adminRoute,
      { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./components/NotFoundPage.vue') },
    ],
  })
}
