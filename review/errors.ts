/** Input the review cannot use (an unknown ref, a folder that is no synth output, a failed synth, a bad plan): exit 2. */
export class ReviewInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewInputError';
  }
}
