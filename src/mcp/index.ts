export { type McpContext, createMcpServer, type LoopbackAddress, parseLoopbackAddress, serveHttp, serveStdio } from './serve.js';
