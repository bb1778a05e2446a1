import { z } from 'zod';

/** A compose service name as the API accepts it (also what a custom service may be called). */
export const ServiceName = z
  .string()
  .max(63)
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected 1-63 characters: a-z, 0-9, _ and -, starting with a letter or digit');

/** A container name as Docker allows it. */
export const ContainerName = z
  .string()
  .max(128)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'expected a container name (letters, digits, _ . -)');

const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `${domainComponent}(?:\\.${domainComponent})*(?::[0-9]{1,5})?`;
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_REFERENCE = new RegExp(
  `^(?:${domain}/)?${pathComponent}(?:/${pathComponent})*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`,
);

/** A Docker image reference (`[registry[:port]/]path[:tag][@sha256:digest]`), Docker's own grammar. */
export const ImageReference = z
  .string()
  .max(255)
  .regex(IMAGE_REFERENCE, 'expected an image reference like nginx:1.27 or registry.example:5000/team/app:tag');
