import type { CodegenConfig } from '@graphql-codegen/cli';

/** schema/schema.graphql + each client's own operations → typed documents in that client. */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  ignoreNoDocuments: true,
  generates: {
    'bot-client/src/generated/': {
      documents: ['bot-client/src/**/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, importExtension: '.js', scalars: { DateTimeISO: 'string' }, enumsAsTypes: true },
    },
    'admin-client/src/generated/': {
      documents: ['admin-client/src/**/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, scalars: { DateTimeISO: 'string' }, enumsAsTypes: true },
    },
  },
};

export default config;
