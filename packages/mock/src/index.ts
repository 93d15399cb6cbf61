/** @module @cf-devices/mock — under construction. */
export {};
