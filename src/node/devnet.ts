// Devnet launcher: grows as the L1, relay, sequencer and provers land.
console.log('devnet: nothing to start yet');
