/**
 * The console, mounted on the admin router (/__sandbox/…, beside the JSON API under /__sandbox/api/):
 * sign-in, the organisation switcher, the developer-console pages (apps/) and the sandbox's own
 * pages (sandbox/). Unknown console paths answer an HTML page, never JSON.
 */
import type Router from '@koa/router';
import type { Context, Next } from 'koa';
import { registerEventSubscriptionPages } from './apps/event-routes.ts';
import { registerAppPages } from './apps/routes.ts';
import { registerChatPages } from './chat-routes.ts';
import { registerInboxPages } from './inbox-routes.ts';
import { registerMediaFiles } from './media-routes.ts';
import { FlashStore, notFoundPage, page, type ConsoleContext, type ConsoleDeps } from './http.ts';
import { paths, ROOT } from './paths.ts';
import { registerClockPages } from './sandbox/clock-routes.ts';
import { registerDirectoryPages } from './sandbox/directory-routes.ts';
import { registerEventPages } from './sandbox/event-routes.ts';
import { registerFaultPages } from './sandbox/fault-routes.ts';
import { registerStubPages } from './sandbox/stub-routes.ts';
import { registerJournalPages } from './sandbox/journal-routes.ts';
import { registerLoginPages } from './sandbox/login.tsx';
import { registerPhonePages } from './sandbox/phone.tsx';
import { registerTenantPages } from './sandbox/tenant-routes.ts';
import type { NavSection } from './shell.tsx';

/** Where the organisation switcher lands for each section. */
const SECTION_PATHS: Partial<Record<NavSection, (corpId: string) => string>> = {
  home: paths.tenant,
  directory: paths.directory,
  journal: paths.journal,
  flows: paths.flows,
  faults: paths.faults,
  stubs: paths.stubs,
  clock: paths.clock,
  permissions: paths.permissions,
  inbox: paths.inbox,
  phone: paths.phone,
  events: paths.events,
};

export function registerConsole(router: Router, deps: ConsoleDeps): void {
  const c: ConsoleContext = { ...deps, flashes: new FlashStore() };

  page(router, c, '/', (ctx) => {
    const t = c.sandbox.defaultTenant;
    ctx.redirect(t ? paths.apps(t.corpId) : paths.tenants);
  });

  // The header's 组织 switcher: the same section of another tenant.
  page(router, c, '/switch', (ctx) => {
    const corpId = typeof ctx.query.corpId === 'string' ? ctx.query.corpId : '';
    const section = (typeof ctx.query.section === 'string' ? ctx.query.section : 'apps') as NavSection;
    ctx.redirect((SECTION_PATHS[section] ?? paths.apps)(corpId));
  });

  registerLoginPages(router, c);
  registerTenantPages(router, c);
  registerAppPages(router, c);
  registerDirectoryPages(router, c);
  registerJournalPages(router, c);
  registerFaultPages(router, c);
  registerStubPages(router, c);
  registerClockPages(router, c);
  registerInboxPages(router, c);
  registerChatPages(router, c);
  registerMediaFiles(router, c);
  registerPhonePages(router, c);
  registerEventSubscriptionPages(router, c);
  registerEventPages(router, c);

  // Not a console page (and not the API, which answers JSON from the admin router's catch-all).
  router.all('/{*rest}', async (ctx: Context, next: Next) => {
    if (ctx.path.startsWith(`${ROOT}/api`)) return next();
    notFoundPage(c, ctx);
  });
}
