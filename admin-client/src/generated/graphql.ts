/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Interface language of a user. */
export type Language =
  /** English. */
  | 'EN'
  /** Russian (default). */
  | 'RU';

/** A user’s one role (R-USR-2). OWNER can do everything MANAGER can. */
export type Role =
  /** A member of a client account who orders help. */
  | 'CLIENT'
  /** An executor who takes and does orders. */
  | 'CONTRACTOR'
  /** Watches the flow, is warned about stalled orders, assigns and cancels. */
  | 'MANAGER'
  /** Runs the business: users, tariffs, settings, billing, reports, API keys. */
  | 'OWNER';

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer:
    | { __typename: 'Anonymous' }
    | { __typename: 'BotService' }
    | { __typename: 'IntegrationCaller' }
    | { __typename: 'UnknownPerson', telegramId: string, deactivated: boolean, contactHint: string }
    | { __typename: 'User', id: string, role: Role, displayName: string, language: Language }
   };


export const ViewerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"language"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UnknownPerson"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"telegramId"}},{"kind":"Field","name":{"kind":"Name","value":"deactivated"}},{"kind":"Field","name":{"kind":"Name","value":"contactHint"}}]}}]}}]}}]} as unknown as DocumentNode<ViewerQuery, ViewerQueryVariables>;