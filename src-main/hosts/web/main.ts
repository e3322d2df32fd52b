// The web host: the same core in plain Node, the renderer over HTTP, the bridge over a WebSocket. (Being built.)
export {};
