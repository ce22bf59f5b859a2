import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    clientAddress: string;
    /** Resolves when the HTTP response can take more data, or when the client has gone (server.js). */
    responseDrained: () => Promise<void>;
  }
}
