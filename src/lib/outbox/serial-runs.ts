/**
 * Runs a task on request, never two at once: a request during a run asks for exactly one more run after it, so a
 * burst of wake-ups costs at most two runs and nothing written during a run is left unseen.
 */
export class SerialRuns {
	private running: Promise<void> | undefined;
	private again = false;
	private stoppedFlag = false;

	public constructor(private readonly task: () => Promise<void>) {}

	public get stopped(): boolean {
		return this.stoppedFlag;
	}

	public request(): void {
		if (this.stoppedFlag) return;
		if (this.running) {
			this.again = true;
			return;
		}
		this.running = this.task().finally(() => {
			this.running = undefined;
			if (this.again) {
				this.again = false;
				this.request();
			}
		});
	}

	/** Resolves once no run is in progress or asked for. */
	public async idle(): Promise<void> {
		while (this.running) await this.running;
	}

	/** Refuses further requests and waits for the current run. */
	public async stop(): Promise<void> {
		this.stoppedFlag = true;
		await this.idle();
	}
}
