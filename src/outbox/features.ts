/**
 * Each feature's delivery handlers, loaded for their registrations (src/outbox/deliveries.ts).
 * A feature that records a new kind of effect adds its `deliveries.ts` here: the one list.
 */
import '../incidents/deliveries.ts';
import '../assessment/deliveries.ts';
import '../statements/deliveries.ts';
import '../statements/digest.ts';
import '../people/deliveries.ts';
import '../resources/deliveries.ts';
import '../continuity/deliveries.ts';
import '../report/deliveries.ts';
import '../actions/deliveries.ts';
import '../recovery-plan/deliveries.ts';
import '../drills/deliveries.ts';
