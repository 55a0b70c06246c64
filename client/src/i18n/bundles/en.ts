import { CODE_LABELS } from '@shared/domain/labels';
import en from '../en.json';
import { type Tree, withFeatures } from '../resources';

/** All English strings: the shared base, every feature's file and the words for the domain's codes. */
export default withFeatures(
  en as Tree,
  import.meta.glob<{ default: Tree }>('../features/*.en.json', { eager: true }),
  CODE_LABELS.en,
);
