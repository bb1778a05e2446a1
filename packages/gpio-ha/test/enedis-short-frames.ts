import { frame, historicGroup } from './tic-frames';

/**
 * A three-phase meter in historic mode (Enedis-NOI-CPT_02E): the long frame, and the short frame
 * it sends instead for about a minute while the current of at least one phase is over the
 * subscribed one: ADCO, then ADIRn (the current of each phase over the limit, and only those), then
 * IINST1-3. Nothing else: no index, no PAPP, no PTEC.
 */
export const THREE_PHASE_ADCO = '021861348497';
const amps = (a: number) => String(a).padStart(3, '0');

export function threePhaseLongFrame(base: number, iinst: [number, number, number] = [5, 7, 4]): Buffer {
  return frame(
    historicGroup('ADCO', THREE_PHASE_ADCO),
    historicGroup('OPTARIF', 'BASE'),
    historicGroup('ISOUSC', '20'),
    historicGroup('BASE', String(base).padStart(9, '0')),
    historicGroup('PTEC', 'TH..'),
    historicGroup('IINST1', amps(iinst[0])),
    historicGroup('IINST2', amps(iinst[1])),
    historicGroup('IINST3', amps(iinst[2])),
    historicGroup('IMAX1', '026'),
    historicGroup('IMAX2', '018'),
    historicGroup('IMAX3', '027'),
    historicGroup('PMAX', '07990'),
    historicGroup('PAPP', '03680'),
    historicGroup('HHPHC', 'A'),
    historicGroup('MOTDETAT', '000000'),
    historicGroup('PPOT', '00'),
  );
}

/** `over`: phase -> its current, for the phases over the subscribed current. */
export function threePhaseShortFrame(over: Partial<Record<1 | 2 | 3, number>>, iinst: [number, number, number]): Buffer {
  const adir = ([1, 2, 3] as const).flatMap((phase) => {
    const current = over[phase];
    return current === undefined ? [] : [historicGroup(`ADIR${phase}`, amps(current))];
  });
  return frame(
    historicGroup('ADCO', THREE_PHASE_ADCO),
    ...adir,
    historicGroup('IINST1', amps(iinst[0])),
    historicGroup('IINST2', amps(iinst[1])),
    historicGroup('IINST3', amps(iinst[2])),
  );
}
