/** The pre-session checklist a member ticks in the confirmation (stored in bookings.checklist). */
export const CHECKLIST_ITEMS = ['anydesk', 'drivers', 'voice'] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];
export type Checklist = Partial<Record<ChecklistItem, boolean>>;

export function isChecklistItem(value: string): value is ChecklistItem {
	return (CHECKLIST_ITEMS as readonly string[]).includes(value);
}

export function uncheckedItems(checklist: Checklist): ChecklistItem[] {
	return CHECKLIST_ITEMS.filter((item) => checklist[item] !== true);
}
