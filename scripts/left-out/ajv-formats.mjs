// Stands in for ajv-formats (see left-out.mjs).
import { leftOut } from './left-out.mjs';

export default leftOut;
