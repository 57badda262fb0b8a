import { createHash } from 'node:crypto';

/** Discord deduplicates messages carrying the same nonce (with enforce_nonce): a resent notification shows once. */
export function nonceFor(notificationId: string): string {
	return createHash('sha256').update(notificationId).digest('hex').slice(0, 25);
}
