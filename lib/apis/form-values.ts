import "server-only";
import { z } from "zod";

/** A boolean from JSON, or from a form: a checked box sends "on", an unchecked one nothing. */
export const FormBoolean = z.preprocess((value) => {
  if (value === "on" || value === "true" || value === "1") return true;
  if (value === "false" || value === "0" || value === "" || value === "off") return false;
  return value;
}, z.boolean());
