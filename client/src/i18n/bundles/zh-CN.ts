import { CODE_LABELS } from '@shared/domain/labels';
import { type Tree, withFeatures } from '../resources';
import zhCN from '../zh-CN.json';

/** All Simplified Chinese strings: the shared base, every feature's file and the words for the domain's codes. */
export default withFeatures(
  zhCN as Tree,
  import.meta.glob<{ default: Tree }>('../features/*.zh-CN.json', { eager: true }),
  CODE_LABELS['zh-CN'],
);
