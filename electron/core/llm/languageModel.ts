/** One turn of a chat, as chat templates expect it. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface GenerateRequest {
  messages: readonly ChatMessage[];
  /** The most tokens the model may write; replies here are short JSON or a few sentences. */
  maxTokens: number;
  /** How long the call may run, once the model is loaded and it is its turn. */
  timeoutMs: number;
  /**
   * The caller can do without the answer (a narrative): its timeout or failure abandons
   * only this call. The model is not stopped, other calls go on, and it doesn't rest.
   */
  optional?: boolean;
}

/**
 * A local language model: chat messages in, text out. Its text is untrusted input, to be
 * parsed and checked by whoever asked; implementations turn every failure (switched off,
 * missing weights, a timeout, a crash) into a CoreError that says what to do.
 */
export interface LanguageModel {
  /** The name people know the model by, for messages and "written by" labels. */
  readonly label: string;
  /** Why it can't run right now, in words for the user; undefined when it can try. */
  unavailableReason?(): string | undefined;
  generate(request: GenerateRequest): Promise<string>;
  close?(): Promise<void>;
}

/**
 * The model's answer without any reasoning block. Qwen3 is asked not to think, but a
 * `<think>` block may still come back (and an unclosed one means the answer never came).
 */
export function withoutThinking(text: string): string {
  const closed = text.replace(/<think>[\s\S]*?<\/think>/g, '');
  const open = closed.indexOf('<think>');
  return (open >= 0 ? closed.slice(0, open) : closed).trim();
}
