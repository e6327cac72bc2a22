/** The elements table: characters, places, props and styles, unique by name ignoring case. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { ElementPatch } from '../../shared/contract/elements';
import { definedOnly } from '../../shared/defaults';
import type { Element, ReferenceImage } from '../../shared/domain';
import { UserError } from '../errors';
import type { Db } from './open-database';
import { elementFromRow, elementToRow, type ElementRow } from './rows';

const COLUMNS = 'id, kind, name, description, images_json, real_person, consent_json';
const VALUES = '@id, @kind, @name, @description, @images_json, @real_person, @consent_json';
const SET = 'kind=@kind, name=@name, description=@description, images_json=@images_json, real_person=@real_person, consent_json=@consent_json';

/** Turns a SQLite unique-constraint failure into a message a person can act on. */
function explainConstraint(error: unknown, what: string): never {
  if (error instanceof Error && /UNIQUE constraint failed: elements\.name/.test(error.message)) {
    throw new UserError('conflict', `${what}: an element with that name already exists. Pick another name.`);
  }
  throw error;
}

export class ElementRepository {
  constructor(
    private readonly db: Db,
    private readonly resolve: (relative: string) => string,
  ) {}

  list(): Element[] {
    return (this.db.prepare('SELECT * FROM elements ORDER BY kind, name').all() as ElementRow[]).map(elementFromRow);
  }

  find(id: string): Element | null {
    const row = this.db.prepare('SELECT * FROM elements WHERE id = ?').get(id) as ElementRow | undefined;
    return row ? elementFromRow(row) : null;
  }

  get(id: string): Element {
    const element = this.find(id);
    if (!element) throw new UserError('not_found', `Element ${id} does not exist (it may have been deleted). Reload the project.`);
    return element;
  }

  /** Adds an element; `images` must already be in the project's media (see importReferenceImage). */
  add(fields: { kind: Element['kind']; name: string; description?: string; images?: ReferenceImage[] }): Element {
    const element: Element = {
      id: crypto.randomUUID(),
      kind: fields.kind,
      name: fields.name,
      description: fields.description ?? '',
      images: fields.images ?? [],
      realPerson: false,
      consent: null,
    };
    try {
      this.db.prepare(`INSERT INTO elements (${COLUMNS}) VALUES (${VALUES})`).run(elementToRow(element));
    } catch (error) {
      explainConstraint(error, `Cannot add "${fields.name}"`);
    }
    return element;
  }

  update(id: string, patch: ElementPatch | { images: Element['images'] }): Element {
    try {
      return this.db.transaction(() => {
        const element = { ...this.get(id), ...definedOnly(patch) } as Element;
        this.db.prepare(`UPDATE elements SET ${SET} WHERE id=@id`).run(elementToRow(element));
        return element;
      })();
    } catch (error) {
      explainConstraint(error, 'Cannot rename the element');
    }
  }

  delete(id: string): void {
    this.db.transaction(() => {
      this.get(id);
      this.db.prepare('DELETE FROM elements WHERE id = ?').run(id);
    })();
  }

  /** Replaces the element with a whole record (undo and redo), or re-creates it when deleted. */
  restore(record: Element): Element {
    for (const image of record.images) {
      if (!fs.existsSync(this.resolve(image.path))) {
        throw new UserError('not_found', `Element "${record.name}" needs ${image.path}, which is no longer in the project folder. It cannot be brought back.`);
      }
    }
    try {
      return this.db.transaction(() => {
        const exists = this.find(record.id) !== null;
        this.db.prepare(exists ? `UPDATE elements SET ${SET} WHERE id=@id` : `INSERT INTO elements (${COLUMNS}) VALUES (${VALUES})`).run(elementToRow(record));
        return this.get(record.id);
      })();
    } catch (error) {
      if (error instanceof Error && /UNIQUE constraint failed: elements\.name/.test(error.message)) {
        throw new UserError('conflict', `Cannot bring back "${record.name}": another element now has that name. Rename it first.`);
      }
      throw error;
    }
  }
}
