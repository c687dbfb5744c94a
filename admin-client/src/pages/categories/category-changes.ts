import type { CategoryKind, CreateCategoryInput, UpdateCategoryInput } from '../../generated/graphql';
import { changedFields } from '../../components/changed-fields';

/** The category form's values; `position` '' means "after the others" on creation. */
export interface CategoryEdit {
  code: string;
  nameRu: string;
  nameEn: string;
  kind: CategoryKind;
  position: string;
}

/** A category as the edit form starts from it. */
export const categoryEditOf = (c: {
  code: string;
  nameRu: string;
  nameEn: string;
  kind: CategoryKind;
  position: number;
}): CategoryEdit => ({ ...c, position: String(c.position) });

/** The createCategory input: codes are upper case (the rule is A–Z, 0–9, _), an empty position goes last. */
export function newCategoryInput(edit: CategoryEdit): CreateCategoryInput {
  return {
    code: edit.code.trim().toUpperCase(),
    nameRu: edit.nameRu.trim(),
    nameEn: edit.nameEn.trim(),
    kind: edit.kind,
    position: edit.position.trim() ? Number(edit.position) : null,
  };
}

/** The updateCategory input for an edit: only what changed; the kind is fixed once created, so never sent. */
export function categoryChanges(original: CategoryEdit, edited: CategoryEdit): UpdateCategoryInput {
  const { code, position, nameRu, nameEn } = changedFields(original, {
    ...edited,
    code: edited.code.toUpperCase(),
    // An emptied position keeps the current one: there is no "last" for a category already placed.
    position: edited.position.trim() || original.position,
  });
  const input: UpdateCategoryInput = {};
  if (code !== undefined) input.code = code;
  if (nameRu !== undefined) input.nameRu = nameRu;
  if (nameEn !== undefined) input.nameEn = nameEn;
  if (position !== undefined) input.position = Number(position);
  return input;
}
