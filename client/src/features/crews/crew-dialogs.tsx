import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { renameCrewInput } from '@shared/schemas/crews';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formInput } from '../../lib/form-input';
import { useFormErrors } from '../../lib/use-form-errors';
import type { Crew } from './crew-card';
import type { useCrewEdit } from './use-crew-edit';

type Edit = ReturnType<typeof useCrewEdit>;

/** A dialog about a crew and the other crews of its day. */
interface PairDialogProps {
  crew: Crew;
  crews: Crew[];
  edit: Edit;
  onClose: () => void;
}

// The server's own schema, so the form refuses before sending what the server would, in the same words.
const renameForm = formInput(renameCrewInput, (v: { crewId: string; name: string }) => ({
  ...v,
  idempotencyKey: 'checked-before-sending',
}));

/** Renames a crew; the name is checked with the server's own schema before it is sent. */
export function RenameDialog({ crew, edit, onClose }: { crew: Crew; edit: Edit; onClose: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(crew.name);
  const form = useFormErrors();
  return (
    <Modal opened onClose={onClose} title={t('crews.rename.title', { crew: crew.name })}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const input = form.check(renameForm, { crewId: crew.id, name });
          if (!input) return;
          if (await edit.run({ kind: 'rename', input: { crewId: crew.id, name: input.name } })) onClose();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('crews.rename.name')}
            value={name}
            error={form.errors.name ?? edit.fieldErrors.name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              form.clear();
            }}
            data-testid="crew-name-input"
            data-autofocus
          />
          <Group justify="flex-end">
            <Button type="submit" loading={edit.busy} data-testid="crew-rename-save">
              {t('crews.rename.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Swaps one agent of a crew with one agent of another crew of the day. */
export function SwapDialog({ crew, crews, edit, onClose }: PairDialogProps) {
  const { t } = useTranslation();
  const others = crews.filter((c) => c.id !== crew.id);
  const [agentId, setAgentId] = useState<string | null>(crew.members.at(-1)?.agentId ?? null);
  const [otherCrewId, setOtherCrewId] = useState<string | null>(others[0]?.id ?? null);
  const otherCrew = others.find((c) => c.id === otherCrewId);
  const [otherAgentId, setOtherAgentId] = useState<string | null>(null);
  const otherAgent = otherCrew?.members.find((m) => m.agentId === otherAgentId) ?? otherCrew?.members.at(-1);
  const members = (c: Crew | undefined) => (c?.members ?? []).map((m) => ({ value: m.agentId, label: m.fullName }));
  return (
    <Modal opened onClose={onClose} title={t('crews.swap.title', { crew: crew.name })}>
      <Stack gap="sm">
        <Select
          label={t('crews.swap.member', { crew: crew.name })}
          data={members(crew)}
          value={agentId}
          onChange={setAgentId}
          data-testid="swap-member"
        />
        <Select
          label={t('crews.swap.otherCrew')}
          data={others.map((c) => ({ value: c.id, label: c.name }))}
          value={otherCrewId}
          onChange={(v) => {
            setOtherCrewId(v);
            setOtherAgentId(null);
          }}
          data-testid="swap-other-crew"
        />
        <Select
          label={t('crews.swap.otherMember')}
          data={members(otherCrew)}
          value={otherAgent?.agentId ?? null}
          onChange={setOtherAgentId}
          data-testid="swap-other-member"
        />
        <Group justify="flex-end">
          <Button
            loading={edit.busy}
            disabled={!agentId || !otherCrew || !otherAgent}
            data-testid="swap-save"
            onClick={async () => {
              if (!agentId || !otherCrew || !otherAgent) return;
              const input = { crewId: crew.id, agentId, otherCrewId: otherCrew.id, otherAgentId: otherAgent.agentId };
              if (await edit.run({ kind: 'swap', input })) onClose();
            }}
          >
            {t('crews.swap.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Merges a one-person crew with another one-person crew of the day. */
export function MergeDialog({ crew, crews, edit, onClose }: PairDialogProps) {
  const { t } = useTranslation();
  const singles = crews.filter((c) => c.id !== crew.id && c.members.length === 1);
  const [otherCrewId, setOtherCrewId] = useState<string | null>(singles[0]?.id ?? null);
  return (
    <Modal opened onClose={onClose} title={t('crews.merge.title', { crew: crew.name })}>
      <Stack gap="sm">
        {singles.length === 0 ? (
          <Text size="sm">{t('crews.merge.none')}</Text>
        ) : (
          <Select
            label={t('crews.merge.other')}
            data={singles.map((c) => ({ value: c.id, label: `${c.name} · ${c.members[0]?.fullName ?? ''}` }))}
            value={otherCrewId}
            onChange={setOtherCrewId}
            data-testid="merge-other"
          />
        )}
        <Group justify="flex-end">
          <Button
            loading={edit.busy}
            disabled={!otherCrewId}
            data-testid="merge-save"
            onClick={async () => {
              if (!otherCrewId) return;
              if (await edit.run({ kind: 'merge', input: { crewId: crew.id, otherCrewId } })) onClose();
            }}
          >
            {t('crews.merge.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
