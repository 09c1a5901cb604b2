// Stands in for ajv/dist/2020.js (see left-out.mjs).
import { leftOut } from './left-out.mjs';

export class Ajv2020 {
  constructor() {
    leftOut();
  }
}
