import { ConnectionError, ErrorCodes, ResponseError } from 'vscode-jsonrpc';
import type { ErrorData } from './protocol';

const LOST_CONNECTION_CODES: ReadonlySet<number> = new Set([
  ErrorCodes.PendingResponseRejected, ErrorCodes.ConnectionInactive, ErrorCodes.MessageWriteError, ErrorCodes.MessageReadError,
]);

/** A failed sidecar request, always with the contract's `data` so the user sees a cause and a hint. */
export class SidecarError extends Error {
  constructor(readonly code: number, readonly data: ErrorData) {
    super(data.message);
    this.name = 'SidecarError';
  }

  get cancelled(): boolean {
    return this.data.type === 'cancelled';
  }
}

/**
 * Turns whatever a request rejected with into a {@link SidecarError}. `streamedSoFar` is the text
 * this client already received; it becomes `partialText` when the sidecar could not say it itself
 * (for example because the process died), so nothing the user saw is lost.
 */
export function toSidecarError(error: unknown, streamedSoFar = ''): SidecarError {
  if (error instanceof SidecarError) {
    return error;
  }
  if (error instanceof ResponseError) {
    const data = asErrorData(error.data);
    if (data) {
      if (data.partialText === undefined && streamedSoFar) {
        data.partialText = streamedSoFar;
      }
      return new SidecarError(error.code, data);
    }
    if (LOST_CONNECTION_CODES.has(error.code)) {
      return stopped(streamedSoFar);
    }
    return new SidecarError(error.code, withPartial({
      type: 'protocol_error',
      message: `The sidecar answered with error ${error.code}: ${error.message}`,
      hint: 'See the "Chat Sidecar" output for details.',
      retryable: false,
    }, streamedSoFar));
  }
  if (error instanceof ConnectionError) {
    return stopped(streamedSoFar);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SidecarError(ErrorCodes.InternalError, withPartial({
    type: 'sidecar_unavailable',
    message,
    hint: 'See the "Chat Sidecar" output for details.',
    retryable: true,
  }, streamedSoFar));
}

/** The error for a request whose sidecar process went away before it answered. */
export function stopped(streamedSoFar = ''): SidecarError {
  return new SidecarError(ErrorCodes.PendingResponseRejected, withPartial({
    type: 'sidecar_stopped',
    message: 'The chat sidecar stopped before it finished answering.',
    hint: 'It is restarted automatically; press Retry. If this keeps happening, see the "Chat Sidecar" output.',
    retryable: true,
  }, streamedSoFar));
}

/**
 * A start that cannot succeed until the user changes a setting (the jar is missing, Java cannot be
 * run): trying again with backoff would only fail again, so it is not retried.
 */
export class ConfigurationProblem extends Error {
  /** The extension setting that fixes it, without the `chatSidecar.` prefix (e.g. `server.jarPath`). */
  constructor(message: string, readonly setting: string) {
    super(message);
    this.name = 'ConfigurationProblem';
  }
}

/** The error for a request made while the sidecar cannot be started. */
export function unavailable(cause: string, problem?: ConfigurationProblem): SidecarError {
  return new SidecarError(ErrorCodes.InternalError, {
    type: problem ? 'sidecar_misconfigured' : 'sidecar_unavailable',
    message: `The chat sidecar is not running: ${cause}`,
    hint: problem
      ? `Fix the setting chatSidecar.${problem.setting}; the sidecar starts again as soon as it changes.`
      : 'Check the chatSidecar.server settings (Java path, jar path) and the "Chat Sidecar" output, then press Retry.',
    retryable: !problem,
  });
}

function withPartial(data: ErrorData, streamedSoFar: string): ErrorData {
  return streamedSoFar ? { ...data, partialText: streamedSoFar } : data;
}

function asErrorData(value: unknown): ErrorData | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const data = value as Record<string, unknown>;
  if (typeof data.type !== 'string' || typeof data.message !== 'string') {
    return undefined;
  }
  return {
    ...(data as unknown as ErrorData),
    hint: typeof data.hint === 'string' ? data.hint : '',
    retryable: data.retryable === true,
  };
}
