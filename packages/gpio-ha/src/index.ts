/**
 * What other code may use of mapio-gpio-ha (the daemon itself is `dist/main.js`): the TIC frame
 * encoder, for the simulator's Linky meter (scripts/tic-feed).
 */
export { encodeTicFrame, type TicGroup } from './linky/tic-group';
