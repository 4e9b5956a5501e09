import { HttpError, type HttpClient } from './http.js';
import { ListlensError } from '../core/index.js';

export const defaultDatatrackerUrl = 'https://datatracker.ietf.org';
/** Where every published draft revision is kept: `<name>-<rev>.txt`, and `.xml` for newer ones. */
export const defaultDraftArchiveUrl = 'https://www.ietf.org/archive/id';

/** What listlens reads of a datatracker document (`/api/v1/doc/document/<name>/`). */
export interface DatatrackerDocument {
  name: string;
  /** The latest revision, `11`. */
  rev: string;
  title: string;
  abstract: string;
}

/** The datatracker's answer could not be read as a document. */
export class DatatrackerError extends ListlensError {
  override name = 'DatatrackerError';

  constructor(message: string, options?: ErrorOptions) {
    super('failed', message, options);
  }
}

/** Reads documents and their "replaced by" relations from the datatracker's JSON API. */
export class Datatracker {
  private readonly base: string;

  constructor(
    private readonly http: HttpClient,
    base: string = defaultDatatrackerUrl,
  ) {
    this.base = base.replace(/\/+$/, '');
  }

  documentUrl(name: string): string {
    return `${this.base}/api/v1/doc/document/${encodeURIComponent(name)}/`;
  }

  /** The document, or null when the datatracker has none of that name (404). */
  async document(name: string): Promise<DatatrackerDocument | null> {
    const url = this.documentUrl(name);
    const json = await this.getJson(url);
    if (json === null) return null;
    const doc = json as Partial<Record<keyof DatatrackerDocument, unknown>>;
    if (typeof doc.name !== 'string' || typeof doc.rev !== 'string') {
      throw new DatatrackerError(`${url}: not a datatracker document (no "name" and "rev")`);
    }
    return {
      name: doc.name,
      rev: doc.rev,
      title: typeof doc.title === 'string' ? doc.title : '',
      abstract: typeof doc.abstract === 'string' ? doc.abstract : '',
    };
  }

  /** The names of the documents that replace `name` (the sources of its `replaces` relations). */
  async replacedBy(name: string): Promise<string[]> {
    const query = new URLSearchParams({ target__name: name, relationship__slug: 'replaces' });
    const url = `${this.base}/api/v1/doc/relateddocument/?${query}`;
    const json = (await this.getJson(url)) as { objects?: { source?: unknown }[] } | null;
    return (json?.objects ?? [])
      .map((relation) => (typeof relation.source === 'string' ? /\/doc\/document\/([^/]+)\/?$/.exec(relation.source)?.[1] : undefined))
      .filter((source): source is string => Boolean(source))
      .map((source) => decodeURIComponent(source));
  }

  /** `/api/v1/group/role/?group__acronym=<acronym>&name=chair`: who chairs the group. */
  chairRolesUrl(acronym: string): string {
    return `${this.base}/api/v1/group/role/?${new URLSearchParams({ group__acronym: acronym, name: 'chair' })}`;
  }

  /**
   * The people in the group's `chair` role: the address from each role's email URI, the name from its
   * person (one request each). Empty when the datatracker has no such group or no chairs for it.
   */
  async groupChairs(acronym: string): Promise<{ name: string; address: string }[]> {
    const json = (await this.getJson(this.chairRolesUrl(acronym))) as { objects?: { person?: unknown; email?: unknown; name?: unknown }[] } | null;
    const chairs: { name: string; address: string }[] = [];
    for (const role of json?.objects ?? []) {
      const address = typeof role.email === 'string' ? /\/person\/email\/([^/]+)\/?$/.exec(role.email)?.[1] : undefined;
      if (!address || (typeof role.name === 'string' && !/\/rolename\/chair\/?$/.test(role.name))) continue;
      const person = typeof role.person === 'string' && role.person.startsWith('/api/') ? await this.getJson(`${this.base}${role.person}`) : null;
      const { name } = (person ?? {}) as { name?: unknown };
      chairs.push({ name: typeof name === 'string' ? name : '', address: decodeURIComponent(address).toLowerCase() });
    }
    return chairs;
  }

  private async getJson(url: string): Promise<unknown> {
    let text: string;
    try {
      text = (await this.http.get(url, { accept: 'application/json' })).body.toString('utf8');
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) return null;
      throw error;
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new DatatrackerError(`${url}: the answer is not JSON`);
    }
  }
}

/** `<archive>/<name>-<rev>.<format>`. */
export function draftFileUrl(archive: string, name: string, revision: string, format: 'txt' | 'xml'): string {
  return `${archive.replace(/\/+$/, '')}/${name}-${revision}.${format}`;
}
