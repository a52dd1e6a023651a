import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { problemType } from './problem.js';

interface ConnectionError extends Error {
  code?: string;
}

function problemFor(error: ConnectionError): { status: number; title: string; detail: string } {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        title: 'Headers too large',
        detail: `The request line and headers exceed the limit of ${maxHeaderSize} bytes`,
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, title: 'Request timeout', detail: 'The request was not received in time' };
    default:
      return {
        status: 400,
        title: 'Malformed HTTP request',
        detail: `The request is not valid HTTP (${error.code ?? error.message})`,
      };
  }
}

/**
 * Node's HTTP parser refuses some requests before fastify sees them (a control
 * character in a header, headers over the size limit). fastify's default answer is
 * plain JSON; this writes the same problem+json shape as every other refusal.
 */
export function clientErrorProblem(log: FastifyBaseLogger) {
  return (error: ConnectionError, socket: Socket): void => {
    // A reset or already-closed connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const problem = problemFor(error);
    log.info({ code: error.code, status: problem.status }, 'request refused by the HTTP parser');
    if (socket.writable) {
      const body = JSON.stringify({
        type: problemType(problem.status),
        ...problem,
      });
      socket.write(
        `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
          'Content-Type: application/problem+json\r\n' +
          `Content-Length: ${Buffer.byteLength(body)}\r\n` +
          'Connection: close\r\n\r\n' +
          body,
      );
    }
    socket.destroy(error);
  };
}
