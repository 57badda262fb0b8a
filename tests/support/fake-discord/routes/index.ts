import type { FakeCore } from '../core.ts';
import type { Router } from '../http/router.ts';
import { registerAttachmentRoutes } from './attachments.ts';
import { registerChannelRoutes } from './channels.ts';
import { registerCommandRoutes } from './commands.ts';
import { registerGatewayInfoRoutes } from './gateway-info.ts';
import { registerGuildRoutes } from './guilds.ts';
import { registerInteractionCallbackRoute } from './interaction-callback.ts';
import { registerInteractionWebhookRoutes } from './interaction-webhooks.ts';
import { registerMessageRoutes } from './messages.ts';
import { registerThreadRoutes } from './threads.ts';
import { registerUserRoutes } from './users.ts';

export function registerRoutes(router: Router, core: FakeCore): void {
	registerGatewayInfoRoutes(router, core);
	registerUserRoutes(router, core);
	registerCommandRoutes(router, core);
	registerInteractionCallbackRoute(router, core);
	registerInteractionWebhookRoutes(router, core);
	registerMessageRoutes(router, core);
	registerChannelRoutes(router, core);
	registerThreadRoutes(router, core);
	registerGuildRoutes(router, core);
	registerAttachmentRoutes(router, core);
}
