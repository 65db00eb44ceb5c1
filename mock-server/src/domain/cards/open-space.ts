/**
 * Where a card goes (场域, docs/dingtalk/cards.md): `openSpaceId` is `dtv1.card//<TYPE>.<id>`, several
 * joined by `;` (C: createAndDeliver's page). The sandbox shows cards in group chats (IM_GROUP, by
 * openConversationId) and in a person's chat with the bot (IM_ROBOT, by userid); the other space
 * types DingTalk names are taken and answered as a per-space failure (the sandbox has no such place).
 */
import { because, DingTalkError } from '../errors.ts';

/** Space types DingTalk's card pages and SDK name (C: card_1_0 deliver models; ONE_BOX U). */
export const SPACE_TYPES = ['IM_GROUP', 'IM_ROBOT', 'IM_SINGLE', 'ONE_BOX', 'TOP', 'CO_FEED', 'DOC'] as const;
export type SpaceType = (typeof SPACE_TYPES)[number];

/** The spaces the sandbox can show a card in. */
export const SHOWN_SPACES: ReadonlySet<SpaceType> = new Set(['IM_GROUP', 'IM_ROBOT']);

export interface Space {
  spaceType: SpaceType;
  spaceId: string;
}

const PREFIX = 'dtv1.card//';
/** More spaces than anyone delivers to at once (bounds the work of one call; U). */
export const MAX_SPACES = 20;

function invalid(openSpaceId: string, zh: string, en: string): DingTalkError {
  return new DingTalkError(
    'cardSpaceInvalid',
    because(
      `openSpaceId「${openSpaceId.slice(0, 200)}」不合法：${zh}`,
      `openSpaceId "${openSpaceId.slice(0, 200)}" is invalid: ${en}`,
    ),
    { param: 'openSpaceId' },
  );
}

/** `dtv1.card//IM_GROUP.cid…==;IM_ROBOT.manager1471` → its spaces, in order, without repeats. */
export function parseOpenSpaceId(openSpaceId: string): Space[] {
  if (!openSpaceId.startsWith(PREFIX))
    throw invalid(openSpaceId, `须以 ${PREFIX} 开头`, `it must start with ${PREFIX}`);
  const parts = openSpaceId
    .slice(PREFIX.length)
    .split(';')
    .filter((p) => p !== '');
  if (parts.length === 0) throw invalid(openSpaceId, '没有场域', 'it names no space');
  if (parts.length > MAX_SPACES)
    throw invalid(openSpaceId, `场域超过 ${MAX_SPACES} 个`, `it names more than ${MAX_SPACES} spaces`);
  const spaces: Space[] = [];
  for (const part of parts) {
    const dot = part.indexOf('.');
    const type = dot < 0 ? part : part.slice(0, dot);
    const id = dot < 0 ? '' : part.slice(dot + 1);
    if (!(SPACE_TYPES as readonly string[]).includes(type))
      throw invalid(
        openSpaceId,
        `未知的场域类型 ${type}（可用：${SPACE_TYPES.join('、')}）`,
        `unknown space type ${type} (known: ${SPACE_TYPES.join(', ')})`,
      );
    if (id === '') throw invalid(openSpaceId, `${type} 后缺少 .<id>`, `${type} lacks its .<id>`);
    if (!spaces.some((s) => s.spaceType === type && s.spaceId === id))
      spaces.push({ spaceType: type as SpaceType, spaceId: id });
  }
  return spaces;
}

export const spaceKey = (s: Space): string => `${s.spaceType}.${s.spaceId}`;
