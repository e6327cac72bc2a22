/** The card's status line lives in shared/, so the printed shot list says the same. */
export * from '../../shared/shot-status';
