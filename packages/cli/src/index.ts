/** @module @cf-devices/cli — under construction. */
export {};
