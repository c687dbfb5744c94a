const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot exist (and must not reach SQL as a uuid cast error). */
export const isUuid = (id: string) => UUID.test(id);

/** A value safe to compare with a uuid column: the id itself, or the nil uuid that matches nothing. */
export const uuidOrNil = (id: string) => (isUuid(id) ? id : '00000000-0000-0000-0000-000000000000');
