/* eslint-disable @typescript-eslint/no-explicit-any -- the adapter takes any Node message port */
// comlink ships this adapter's types as .d.ts beside an .mjs file, which NodeNext resolution does
// not pair up; this restates its one export.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { Endpoint } from 'comlink';
  interface NodeEndpoint {
    postMessage(message: any, transfer?: readonly any[]): void;
    on(type: string, listener: (value: any) => void): unknown;
    off(type: string, listener: (value: any) => void): unknown;
    start?: () => void;
  }
  export default function nodeEndpoint(nep: NodeEndpoint): Endpoint;
}
