/** Contract calls for the element library: characters, places, props and styles. */
import { z } from 'zod';
import { call } from './define';
import { Id, MAX_NAME, Text } from './limits';
import type { Element } from '../domain';

/** `@Name` mentions are one word: letters, digits, `_` and `-`. */
export const ElementName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_NAME)
  .regex(/^[\p{L}\p{N}_-]+$/u, 'must be one word (letters, digits, _ or -), so it can be written as @Name');

const Consent = z.strictObject({
  consentedBy: z.string().trim().min(1).max(MAX_NAME),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected an ISO date like 2026-11-25'),
  scope: z.string().trim().min(1).max(2000),
});

export const ElementPatch = z.strictObject({
  kind: z.enum(['character', 'place', 'prop', 'style']).optional(),
  name: ElementName.optional(),
  description: Text.optional(),
  realPerson: z.boolean().optional(),
  consent: Consent.nullable().optional(),
});
export type ElementPatch = z.infer<typeof ElementPatch>;

export const elementCalls = {
  'elements.list': call<Element[]>()(z.strictObject({}), 'The elements of the open project.'),
  'elements.add': call<Element>()(
    z.strictObject({
      kind: z.enum(['character', 'place', 'prop', 'style']),
      name: ElementName,
      description: Text.optional(),
    }),
    'Adds an element to the library.',
  ),
  'elements.update': call<Element>()(
    z.strictObject({ id: Id, patch: ElementPatch }),
    'Edits an element (one transaction).',
  ),
  'elements.delete': call<null>()(z.strictObject({ id: Id }), 'Deletes an element.'),
} as const;
