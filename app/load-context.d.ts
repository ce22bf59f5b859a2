import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    clientAddress: string;
    /** For a long download (server.js): aborted when the client goes away; drained() resolves when the response can take more. */
    download: { signal: AbortSignal; drained: () => Promise<void> };
  }
}
