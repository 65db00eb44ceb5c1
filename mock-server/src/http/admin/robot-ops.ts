/**
 * Custom group robots, shared by the admin API (POST /api/tenants/:corpId/robots) and the config file:
 * one validation, one rule that a robot needs a security setting, one way to pick its group.
 */
import * as z from 'zod';
import { Robots, type RobotConfig } from '../../domain/messaging/robots.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { AdminError } from './errors.ts';

export const createRobotBody = z
  .object({
    name: z.string().min(1).max(50),
    openConversationId: z.string().optional(),
    /** true: generate a SEC… secret; a string: use it; false/absent: no signing. */
    secret: z.union([z.boolean(), z.string().regex(/^SEC/)]).optional(),
    keywords: z.array(z.string().min(1)).max(10).optional(),
    ipAllowList: z.array(z.string().min(1)).optional(),
  })
  .strict();
export type CreateRobotBody = z.infer<typeof createRobotBody>;

/**
 * Add a robot to a group of the tenant (its first group when none is named). `accessToken` fixes the
 * webhook's token (the config file's robots, so a client's configuration can name it); generated otherwise.
 */
export function addRobotTo(t: Tenant, b: CreateRobotBody & { accessToken?: string }): RobotConfig {
  const robots = t.messaging.robots;
  const chats = t.messaging.chats;
  const chatId = b.openConversationId ?? chats.list()[0]?.openConversationId;
  if (!chatId || !chats.get(chatId)) {
    throw new AdminError(400, 'chatNotFound', `no group ${chatId ?? '(none exists)'} in corp ${t.corpId}`);
  }
  const secret = b.secret === true ? Robots.newSecret() : typeof b.secret === 'string' ? b.secret : '';
  if (!secret && !b.keywords?.length && !b.ipAllowList?.length) {
    // DingTalk makes the group admin pick at least one security setting (C[S18]).
    throw new AdminError(400, 'noSecurity', 'a robot needs a secret, keywords or an IP list');
  }
  let n = robots.listRobots().length + 1;
  while (robots.getRobot(`robot${n}`)) n++;
  return robots.addRobot(
    {
      id: `robot${n}`,
      name: b.name,
      openConversationId: chatId,
      secret,
      keywords: b.keywords ?? [],
      ipAllowList: b.ipAllowList ?? [],
      ...(b.accessToken ? { accessToken: b.accessToken } : {}),
    },
    t.clock.now(),
  );
}
