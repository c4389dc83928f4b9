import type { PortalPermission } from '../permissions/portal-permissions';

/** The kinds of file an email may carry, each rendered when the email is sent. */
export const ATTACHMENT_KINDS = ['invoice', 'estimate', 'credit_note', 'statement'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/**
 * What an outbox email attaches: the document (by id) or the customer's statement (the
 * customer by id, and its range), never the bytes, which are rendered at sending time.
 */
export type AttachmentRef =
  | { kind: 'invoice' | 'estimate' | 'credit_note'; id: string }
  | { kind: 'statement'; id: string; from: string; to: string };

/** The portal permission a contact needs to receive an attachment of this kind. */
export const ATTACHMENT_NEEDS: Record<AttachmentKind, PortalPermission> = {
  invoice: 'invoices',
  credit_note: 'invoices',
  statement: 'invoices',
  estimate: 'estimates',
};

export interface RenderedAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}
