// A valid order as a client would POST it (the card number is a standard test number): an
// example for docs and for other teams' tests.
import type { TacoOrderInput } from './taco-order.js';

export const SAMPLE_ORDER = {
  deliveryName: 'Craig Walls',
  deliveryStreet: '1234 Culinary Blvd.',
  deliveryCity: 'Foodsville',
  deliveryState: 'CO',
  deliveryZip: '81019',
  ccNumber: '4111111111111111',
  ccExpiration: '10/29',
  ccCVV: '123',
  tacos: [
    { name: 'Carnivore Supreme', ingredients: ['FLTO', 'GRBF', 'CARN', 'CHED', 'SLSA'] },
    { name: 'Veggie Delight', ingredients: ['COTO', 'TMTO', 'LETC', 'JACK', 'SRCR'] },
  ],
} as const satisfies TacoOrderInput;
