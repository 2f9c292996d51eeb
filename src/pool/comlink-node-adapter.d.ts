// comlink ships the Node adapter's types as node-adapter.d.ts next to node-adapter.mjs, which
// TypeScript does not pair up; this points the .mjs specifier at those types.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import nodeEndpoint from 'comlink/dist/esm/node-adapter';
  export default nodeEndpoint;
}
